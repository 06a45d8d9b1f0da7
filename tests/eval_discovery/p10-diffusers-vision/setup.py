from setuptools import find_packages, setup

setup(
    name="imagegen",
    version="0.3.0",
    packages=find_packages(),
    install_requires=[
        "diffusers>=0.31",
        "timm==1.0.11",
        "open_clip_torch",
        "torch>=2.3",
        "pillow",
    ],
)
