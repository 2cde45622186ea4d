"""Agencies (机关) and their staff."""
