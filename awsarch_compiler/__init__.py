"""awsarch-compile: a declarative architecture compiler for AWS CloudFormation."""

__version__ = "0.1.0"
