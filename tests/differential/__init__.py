"""Differential tests: the same generated scenarios run through upstream diffsync 2.2.3 and diffsync_automation."""
