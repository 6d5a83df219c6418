"""Only the module gunicorn loads in the reference venv lives here: nothing beside it can
shadow a module Glance imports."""
