import nox


@nox.session(python=["3.11"])
def tests(session: nox.Session) -> None:
    session.install("-e", ".[test]")
    session.env["TINY_MODEL"] = "sshleifer/tiny-gpt2"
    session.run("pytest", "-q", "tests")
