"""Multi-region disaster recovery (``disaster_recovery:``): one root stack per region and a global stack.

``strategies`` holds what each strategy achieves, ``checks`` the stage's errors, ``secondary`` the
secondary region's model (which components follow, at what capacity), ``regional`` the recovery
hooks run over each region's generated resources, ``global_stack`` the DNS both regions share, and
``plan`` the files, the deployment order and the summary the pipeline writes.
"""
