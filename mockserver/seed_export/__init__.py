"""`mockserver seed export`: a seed file, with its pictures, made from what a deployment of
a contract shows through that contract's public API (README, Exporting a seed).

`section.py` is what a contract's exporter works with (the deployment, the section it
gives back); `deployment.py` reads a deployment over HTTP within a byte budget;
`writing.py` writes the seed and its pictures whole or not at all; `command.py` parses
the command line and runs each contract's exporter.
"""
