"""kg: Arabic news articles in, a knowledge graph of political actors and their interactions out."""

__version__ = "0.1.0"
