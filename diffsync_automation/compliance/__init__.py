"""Configuration compliance: intended configuration text against the running configuration, per feature.

The intended configuration comes from the inventory (``intended_config_file`` or ``intended_config_template``);
rules assign top-level sections to named features; the engine lists missing and extra lines per feature, and
hier_config builds the remediation. See docs/compliance.md. Needs the ``network`` extra (hier-config, jinja2).
"""
