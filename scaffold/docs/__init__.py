"""Reading a connector's API docs (Markdown or OpenAPI) into facts with their provenance.

The reader is :mod:`scaffold.docs.reader` (``read_docs``, ``DocModel``); :mod:`scaffold.docs.locate`
finds a connector's docs and refuses unusable ones without importing the reader.
"""
