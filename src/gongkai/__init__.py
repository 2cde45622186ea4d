"""Gongkai (公开): the working system of a government information disclosure office."""

__version__ = "0.1.0"
