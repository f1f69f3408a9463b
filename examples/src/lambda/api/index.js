// The users API behind API Gateway. The database's address is in DB_HOST and
// DB_PORT; its credentials are in the secret DB_SECRET_ARN names (read them at
// start-up with the AWS SDK and connect with a PostgreSQL client through the proxy).
exports.handler = async (event) => {
  const route = `${event.httpMethod} ${event.resource}`;
  return {
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route, database: `${process.env.DB_HOST}:${process.env.DB_PORT}` }),
  };
};
