"""Phrase tables for prompt features (markers) and perturbations (fills), one JSON file per concern."""
