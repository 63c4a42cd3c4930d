"""The CLI and the Streamlit explorer."""
