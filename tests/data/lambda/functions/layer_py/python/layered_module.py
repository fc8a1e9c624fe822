VALUE = "python layer value"
