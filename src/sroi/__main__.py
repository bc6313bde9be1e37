"""``python -m sroi``: the same command line as ``sroi``."""

from sroi.cli import run

if __name__ == "__main__":
    run()
