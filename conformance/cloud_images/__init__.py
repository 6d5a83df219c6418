"""The Cloud Images contract (OpenStack Glance Images API v2 style): its views of the
document, its reply rules (webob and Keystone error bodies, download checksums), the target
policy (one project's token, images the run created) and the image-record state machine."""
