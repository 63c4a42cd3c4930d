"""credgraph's core: the model, identifiers, stores and the risk engine.

This package imports nothing else of ours (not loaders, not ui) and never
streamlit or pyvis; ``tests/test_layers.py`` enforces it.
"""
