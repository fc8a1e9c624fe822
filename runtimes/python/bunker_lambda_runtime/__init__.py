"""Bunker's Python Lambda runtime: AWS's Python programming model over the Runtime API."""
