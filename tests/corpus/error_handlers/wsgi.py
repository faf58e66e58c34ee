from errors_app import create_app

application = create_app()

if __name__ == "__main__":
    application.run(host="0.0.0.0", debug=1)  # expect: FG201
