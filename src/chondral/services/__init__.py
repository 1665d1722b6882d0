"""Use cases the command line and the web call: parse, run the library, return results.

Each module holds the use cases of one part of the pathway; shells call exactly one function.
"""
