"""CI glue: turn a finished scan into what a CI system consumes (outputs, job summary, annotations)."""
