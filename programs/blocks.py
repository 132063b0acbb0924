from home.blocks import BodyStreamBlock


class ProgramStreamBlock(BodyStreamBlock):
    """A program page's body: everything a general page offers."""
