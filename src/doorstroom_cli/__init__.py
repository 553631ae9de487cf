"""doorstroom: the coordinator's tool for a municipality's doorstroomwoningen."""

__version__ = "0.1.0"
