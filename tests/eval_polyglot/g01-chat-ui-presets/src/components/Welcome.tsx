export function Welcome() {
  return (
    <div className="welcome">
      <h1>Talk to GPT-4o, DeepSeek-R1 and Qwen2.5</h1>
      <p>Pick a model such as claude-3-opus-20240229 in the settings.</p>
    </div>
  );
}
