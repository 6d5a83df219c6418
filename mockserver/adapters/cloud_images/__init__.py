"""The Cloud Images (OpenStack Glance Images API v2 style) contract."""
