"""The app's widgets, one per module; they report user intent upward with messages."""
