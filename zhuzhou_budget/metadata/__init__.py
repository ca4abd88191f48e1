"""What every stage agrees on, declared once as data: the input tables and their columns
(`tables`), the template variants (`templates`), every output field (`fields`) and the labels
readers see (`labels`). The lowest floor: it imports nothing of the package."""
