"""The ``chondral`` command line: thin Typer commands over ``chondral.services``."""
