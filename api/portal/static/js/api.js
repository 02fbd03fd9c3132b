// The only way the pages talk to the server: /graphql (and /session for the cookie).

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

export async function signIn(email, password) {
  const response = await fetch("/session", {
    method: "POST",
    headers: headers(),
    credentials: "same-origin",
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new ApiError(`HTTP ${response.status}`);
  return response.json();
}

export async function signOut() {
  await fetch("/session/end", { method: "POST", headers: headers(), credentials: "same-origin" });
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
