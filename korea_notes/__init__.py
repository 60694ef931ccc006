"""korea_notes: USA and North Korea negotiation positions in German-language news, 2013-2025."""

__version__ = "0.1.0"
