package cn.acme;

import com.alibaba.dashscope.aigc.generation.Generation;
import com.alibaba.dashscope.aigc.generation.GenerationParam;

public class Qa {
    public String ask(String q) throws Exception {
        GenerationParam param = GenerationParam.builder().model("qwen-turbo").prompt(q).build();
        return new Generation().call(param).getOutput().getText();
    }
}
