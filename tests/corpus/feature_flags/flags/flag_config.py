"""Feature flags read from the environment at startup."""
import os


def _truthy(name, default="false"):
    return os.environ.get(name, default).lower() in ("1", "true", "yes")


class FlagConfig:
    NEW_CHECKOUT = bool(os.environ.get("NEW_CHECKOUT", "False"))  # expect: FG204
    BETA_SEARCH = bool(os.getenv("BETA_SEARCH"))  # expect: FG204
    DARK_LAUNCH = _truthy("DARK_LAUNCH")
    EXPERIMENTS = os.environ.get("EXPERIMENTS", "").split(",")
    ROLLOUT_PERCENT = int(os.environ.get("ROLLOUT_PERCENT", "0"))
    KILL_SWITCH = os.getenv("KILL_SWITCH", "0") == "1"
    VERBOSE_ERRORS = os.environ.get("VERBOSE_ERRORS") in ("1", "true")
    DEBUG = bool(os.environ.get("FLASK_DEBUG", 0))  # expect: FG204
    LAUNCHDARKLY_API_KEY = os.environ.get("LAUNCHDARKLY_API_KEY")  # expect: FG501
    FLAGS_ADMIN_PASSWORD = os.environ.get("FLAGS_ADMIN_PASSWORD", "admin")  # expect: FG104


class DebugFlagConfig(FlagConfig):
    DEBUG = True
    NEW_CHECKOUT = True
    BETA_SEARCH = True
