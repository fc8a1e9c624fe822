def handler(event, context):
    return "from package"
