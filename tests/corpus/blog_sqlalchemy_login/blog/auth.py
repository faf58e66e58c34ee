import secrets
from datetime import datetime, timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from . import db
from .forms import LoginForm, RegistrationForm
from .models import User

bp = Blueprint("auth", __name__, url_prefix="/auth")

RESET_TOKEN_TTL = timedelta(hours=2)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("posts.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = User.query.filter_by(username=form.username.data).first()
        if user is None or not user.check_password(form.password.data):
            current_app.logger.info("failed login for %s", form.username.data)
            flash("Invalid username or password")
            return redirect(url_for("auth.login"))
        login_user(user, remember=form.remember_me.data)
        return redirect(request.args.get("next") or url_for("posts.index"))
    return render_template("login.html", form=form)


@bp.route("/logout")
def logout():
    logout_user()
    return redirect(url_for("posts.index"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegistrationForm()
    if form.validate_on_submit():
        user = User(username=form.username.data)
        user.set_password(form.password.data)
        db.session.add(user)
        db.session.commit()
        flash("Welcome!")
        return redirect(url_for("auth.login"))
    return render_template("register.html", form=form)


@bp.route("/reset", methods=["POST"])
def request_reset():
    user = User.query.filter_by(email=request.form["email"]).first()
    if user:
        user.reset_token = secrets.token_urlsafe(32)
        user.reset_token_expires = datetime.utcnow() + RESET_TOKEN_TTL
        db.session.commit()
        current_app.logger.info("password reset requested for user %s", user.id)
    flash("If the address exists, a reset link is on its way.")
    return redirect(url_for("auth.login"))


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_with_token(token):
    user = User.query.filter_by(reset_token=token).first_or_404()
    if user.reset_token_expires < datetime.utcnow():
        flash("This link has expired.")
        return redirect(url_for("auth.login"))
    if request.method == "POST":
        user.set_password(request.form["password"])
        user.reset_token = None
        db.session.commit()
        return redirect(url_for("auth.login"))
    return render_template("reset.html", token=token)


@bp.route("/admin-login", methods=["POST"])
def admin_login():
    if request.form.get("password") == current_app.config.get("ADMIN_PASSWORD"):  # expect: FG601
        flash("Welcome, admin")
        return redirect(url_for("posts.index"))
    return redirect(url_for("auth.login"))
