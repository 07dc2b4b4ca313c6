"""Local tooling around the ``articles`` functions: the ``articles`` CLI, the embedded stack
(moto), template-driven provisioning (``infra``), operations on a deployed stack (``ops``) and
the evaluation plug-ins. Installed locally with the project; never packaged for Lambda."""
