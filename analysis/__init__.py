"""tifa: find the themes and official formulations (提法) in Chinese official texts."""

__version__ = "0.1.0"
