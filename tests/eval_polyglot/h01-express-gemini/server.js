const express = require("express");
const { GoogleGenerativeAI } = require("@google/generative-ai");

const genAI = new GoogleGenerativeAI(process.env.GEMINI_API_KEY);
const model = genAI.getGenerativeModel({ model: "gemini-1.5-flash-002" });
const app = express();
app.post("/ask", async (req, res) => res.json(await model.generateContent(req.body.q)));
app.listen(3000);
