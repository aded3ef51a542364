"""The newsbot engine: ingest news, index it, answer questions with verified quotes.

Data flow, one module per step: readers → clean → passages → embed → store → vectors/lexical
→ search → answer / summary; ``engine`` ties them together and ``cli`` is the terminal edge.
"""
