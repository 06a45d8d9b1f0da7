"""The labelled polyglot projects are data for bench/discovery_eval.py, not tests: never collect or import them."""

collect_ignore_glob = ["g*", "h*"]
