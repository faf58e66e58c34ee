"""Pick the settings module from APP_ENV, Django-style."""
import importlib
import os

APP_ENV = os.environ.get("APP_ENV", "production")
_module = importlib.import_module(f"project.settings.{APP_ENV}")
globals().update({name: getattr(_module, name) for name in dir(_module) if name.isupper()})
