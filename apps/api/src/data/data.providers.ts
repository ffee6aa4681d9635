import { CollectionsController } from './collections.controller';
import { CollectionsService } from './collections.service';
import { ConflictResolutionService } from './conflict-resolution.service';
import { ConflictsService } from './conflicts.service';
import { DataOverviewService } from './data-overview.service';
import { DataRequestsService } from './data-requests.service';
import { IncidentFiguresController, IncidentFiguresService } from './incident-figures.controller';
import { IndicatorsService } from './indicators.service';
import { PublishedDataService } from './published-data.service';
import { PublicDataController, PublishedDataController } from './public-data.controller';
import { PublicDataService } from './public-data.service';
import { TaskSpreadsheetController } from './task-spreadsheet.controller';
import { TaskSpreadsheetService } from './task-spreadsheet.service';
import { SubmissionCheckService } from './submission-check.service';

/**
 * Data satu pintu, one service per use case (registered in the AppModule with the rest of the API, whose
 * shared providers they use: AccessService, ProjectsService, the Temporal client). The TasksService calls
 * SubmissionCheckService before a data-request contribution goes to its workflow.
 */
export const DATA_PROVIDERS = [
  IndicatorsService,
  DataRequestsService,
  SubmissionCheckService,
  ConflictsService,
  ConflictResolutionService,
  PublishedDataService,
  DataOverviewService,
  CollectionsService,
  PublicDataService,
  TaskSpreadsheetService,
  IncidentFiguresService,
];

/** Data satu pintu controllers besides DataController (registered in the AppModule). */
export const DATA_CONTROLLERS = [
  CollectionsController,
  PublishedDataController,
  PublicDataController,
  TaskSpreadsheetController,
  IncidentFiguresController,
];
