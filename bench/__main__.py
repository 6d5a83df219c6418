import sys

from . import big_json, gallery_scale, hostile, soak, store_pause
from .run import main

COMMANDS = {
    "big-json": big_json.main,
    "gallery-scale": gallery_scale.main,
    "hostile": hostile.main,
    "soak": soak.main,
    "store-pause": store_pause.main,
}

if len(sys.argv) > 1 and sys.argv[1] in COMMANDS:
    sys.exit(COMMANDS[sys.argv[1]](sys.argv[2:]))
sys.exit(main())
