export interface Env {
  AI: Ai;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const answer = await env.AI.run("@cf/meta/llama-3.1-8b-instruct", { prompt: await request.text() });
    const vectors = await env.AI.run("@cf/baai/bge-base-en-v1.5", { text: ["hello"] });
    return Response.json({ answer, vectors });
  },
};
