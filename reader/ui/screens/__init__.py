"""The app's screens: the main reading screen and the help and load-error screens over it."""
