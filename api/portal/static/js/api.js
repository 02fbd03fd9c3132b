// The only way the pages talk to the server: /graphql (HTTP and graphql-transport-ws).

function cookie(name) {
  const hit = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
}

function headers() {
  return { "content-type": "application/json", "x-csrf-token": cookie("rh_csrf") };
}

export class ApiError extends Error {}

/** The `data` of a GraphQL operation; throws ApiError on GraphQL or HTTP errors. */
export async function gql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: headers(),
    credentials: "same-origin",
    body: JSON.stringify({ query, variables }),
  });
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`);
  const body = await response.json();
  if (body.errors) throw new ApiError(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

/** Run a mutation and return its payload (which carries userErrors). */
export async function mutate(query, input) {
  const data = await gql(query, { input });
  return Object.values(data)[0];
}

const SIGN_IN = `mutation SignIn($input: SignInInput!) { signIn(input: $input) {
  account { id role } userErrors { field message code } } }`;
const SIGN_OUT = `mutation SignOut { signOut { ok userErrors { code } } }`;

/** Sign in through the signIn mutation; the server keeps the token in an HttpOnly cookie. */
export async function signIn(email, password) {
  const payload = (await gql(SIGN_IN, { input: { email, password, cookie: true } })).signIn;
  return { userErrors: payload.userErrors, role: payload.account?.role };
}

export async function signOut() {
  await gql(SIGN_OUT, {});
}

/** Subscribe over graphql-transport-ws; returns a function that closes the socket. */
export function subscribe(query, onNext) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/graphql?csrf=${encodeURIComponent(cookie("rh_csrf"))}`;
  const socket = new WebSocket(url, "graphql-transport-ws");
  socket.onopen = () => socket.send(JSON.stringify({ type: "connection_init" }));
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "connection_ack") {
      socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query } }));
    } else if (message.type === "next" && message.payload.data) {
      onNext(message.payload.data);
    } else if (message.type === "ping") {
      socket.send(JSON.stringify({ type: "pong" }));
    }
  };
  return () => socket.close();
}

export { cookie };
