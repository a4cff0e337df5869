"""hs-scaffold: scaffold, map and build new Hyperswitch payment connectors."""

__version__ = "0.1.0"
