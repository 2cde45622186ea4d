"""Helpers shared by Gongkai's Django apps: errors, uploads."""
