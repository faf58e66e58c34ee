"""Login, logout and registration."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from .. import db
from ..models import User
from . import auth


@auth.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        password = request.form.get("password", "")
        user = User.query.filter_by(email=email).first()
        if user is not None and check_password_hash(user.password_hash, password):
            login_user(user, remember=request.form.get("remember") == "on")
            current_app.logger.info("user %s logged in", user.id)
            return redirect(request.args.get("next") or url_for("main.index"))
        flash("Invalid email or password.")
    return render_template("auth/login.html", password_field="password")


@auth.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        password = request.form["password"]
        if password != request.form["password_confirm"]:
            flash("Passwords do not match.")
            return render_template("auth/register.html")
        if len(password) < current_app.config["PASSWORD_MIN_LENGTH"]:
            flash("Password too short.")
            return render_template("auth/register.html")
        user = User(email=request.form["email"], password_hash=generate_password_hash(password))
        db.session.add(user)
        db.session.commit()
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html")


@auth.route("/logout")
@login_required
def logout():
    logout_user()
    flash("You have been logged out.")
    return redirect(url_for("main.index"))
