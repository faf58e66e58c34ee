import os

from dotenv import load_dotenv

load_dotenv()


class BaseConfig:
    SECRET_KEY = "FAKE-blog-" + "session-key-0000"  # expect: FG101
    SECURITY_PASSWORD_SALT = "FAKE-salt-0000"  # expect: FG101
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "sqlite:///blog.db")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    POSTS_PER_PAGE = 10
    DEBUG = True  # expect: FG202
    REMEMBER_COOKIE_NAME = "blog_remember_token"
    LOGIN_DISABLED = False
    RECAPTCHA_PUBLIC_KEY = "6LcFAKE0000exampleFAKE0000examplePUB"
    RECAPTCHA_PRIVATE_KEY = "6LcFAKE0000exampleFAKE0000examplePRV"  # expect: FG101
    ADMIN_PASSWORD_HASH = os.environ.get("ADMIN_PASSWORD_HASH")  # expect: FG501


class LocalConfig(BaseConfig):
    SECRET_KEY = "dev"  # expect: FG101
    SQLALCHEMY_ECHO = True
    DEBUG = True


class StagingConfig(BaseConfig):
    SQLALCHEMY_DATABASE_URI = "mysql+pymysql://blog:FAKEstagingPw00@staging-db/blog?charset=utf8mb4"  # expect: FG103
    DEBUG = False


class ProdConfig(BaseConfig):
    SECRET_KEY = os.environ["SECRET_KEY"]
    SQLALCHEMY_DATABASE_URI = os.environ["DATABASE_URL"]
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "pool_recycle": 280}
    DEBUG = False
