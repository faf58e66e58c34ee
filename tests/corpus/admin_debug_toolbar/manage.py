import click
from flask.cli import FlaskGroup

from admin import create_app, db

cli = FlaskGroup(create_app=create_app)


@cli.command("create-admin")
@click.option("--email", prompt=True)
@click.password_option()
def create_admin(email, password):
    from admin.models import Operator

    db.session.add(Operator(email=email, password=password))
    db.session.commit()
    click.echo(f"created {email}")


@cli.command("seed")
def seed():
    from admin.models import Operator

    db.session.add(Operator(email="ops@example.com", password="FAKE-seed-operator-0000"))  # expect: FG101
    db.session.commit()


if __name__ == "__main__":
    cli()
