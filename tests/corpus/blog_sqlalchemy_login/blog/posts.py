from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from . import db
from .forms import PostForm
from .models import Post

bp = Blueprint("posts", __name__)


@bp.route("/")
def index():
    page = request.args.get("page", 1, type=int)
    posts = Post.query.order_by(Post.timestamp.desc()).paginate(
        page=page, per_page=current_app.config["POSTS_PER_PAGE"], error_out=False
    )
    return render_template("index.html", posts=posts.items, title=current_app.config.get("BLOG_TITLE", "Blog"))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new_post():
    form = PostForm()
    if form.validate_on_submit():
        post = Post(title=form.title.data, body=form.body.data, author=current_user)
        db.session.add(post)
        db.session.commit()
        flash("Published.")
        return redirect(url_for("posts.index"))
    return render_template("edit.html", form=form)


@bp.route("/post/<int:post_id>/delete", methods=["POST"])
@login_required
def delete_post(post_id):
    post = db.session.get(Post, post_id) or abort(404)
    if post.author != current_user:
        abort(403)
    try:
        db.session.delete(post)
        db.session.commit()
    except Exception as e:
        db.session.rollback()
        current_app.logger.error("delete failed: %s", e)
        flash("Could not delete the post.")
    return redirect(url_for("posts.index"))
