import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-pro")
