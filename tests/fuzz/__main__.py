import sys
import warnings

# The catalogues live beside tests that use Starlette's test client, whose import warns
# (pytest's configuration filters the same warning).
warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")

from .run import main  # noqa: E402

sys.exit(main())
