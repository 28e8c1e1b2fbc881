"""Flask extensions, created unbound and bound to an app in create_app."""

from flask_compress import Compress
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from portal.core.limiter_keys import PseudonymousLimiter
from portal.core.translations import PortalBabel

babel = PortalBabel()  # each request's catalog found once (translations.py)
compress = Compress()
csrf = CSRFProtect()
login_manager = LoginManager()
# Counts by keyed hashes of e-mail and IP addresses, never the addresses (limiter_keys.py).
limiter = PseudonymousLimiter(key_func=get_remote_address, default_limits=[])
